@NullMarked
package org.oneplace.channel.internal;

import org.jspecify.annotations.NullMarked;
