@NullMarked
package org.oneplace.cart.internal;

import org.jspecify.annotations.NullMarked;
