@NullMarked
package org.oneplace.catalog.internal;

import org.jspecify.annotations.NullMarked;
