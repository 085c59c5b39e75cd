@NullMarked
package org.oneplace.platform.internal;

import org.jspecify.annotations.NullMarked;
