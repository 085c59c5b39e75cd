@NullMarked
package org.oneplace.tracking.internal;

import org.jspecify.annotations.NullMarked;
