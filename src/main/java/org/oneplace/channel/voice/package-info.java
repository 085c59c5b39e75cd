@NullMarked
package org.oneplace.channel.voice;

import org.jspecify.annotations.NullMarked;
