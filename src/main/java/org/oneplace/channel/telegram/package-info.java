@NullMarked
package org.oneplace.channel.telegram;

import org.jspecify.annotations.NullMarked;
