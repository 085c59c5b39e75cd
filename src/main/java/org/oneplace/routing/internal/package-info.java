@NullMarked
package org.oneplace.routing.internal;

import org.jspecify.annotations.NullMarked;
