@NullMarked
package org.oneplace.marketing.internal;

import org.jspecify.annotations.NullMarked;
