@NullMarked
package org.oneplace.consent.internal;

import org.jspecify.annotations.NullMarked;
