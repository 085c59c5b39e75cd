@NullMarked
package org.oneplace.order.internal;

import org.jspecify.annotations.NullMarked;
