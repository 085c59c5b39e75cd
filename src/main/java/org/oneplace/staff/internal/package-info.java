@NullMarked
package org.oneplace.staff.internal;

import org.jspecify.annotations.NullMarked;
