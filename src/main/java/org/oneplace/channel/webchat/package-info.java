@NullMarked
package org.oneplace.channel.webchat;

import org.jspecify.annotations.NullMarked;
