@NullMarked
package org.oneplace.inventory.internal;

import org.jspecify.annotations.NullMarked;
