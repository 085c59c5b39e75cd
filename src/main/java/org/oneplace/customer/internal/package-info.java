@NullMarked
package org.oneplace.customer.internal;

import org.jspecify.annotations.NullMarked;
