@NullMarked
package org.oneplace.fulfilment.internal;

import org.jspecify.annotations.NullMarked;
