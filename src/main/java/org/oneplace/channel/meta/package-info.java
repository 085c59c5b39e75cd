@NullMarked
package org.oneplace.channel.meta;

import org.jspecify.annotations.NullMarked;
