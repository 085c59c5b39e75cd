@NullMarked
package org.oneplace.channel.email;

import org.jspecify.annotations.NullMarked;
