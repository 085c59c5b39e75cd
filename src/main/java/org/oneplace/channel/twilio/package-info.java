@NullMarked
package org.oneplace.channel.twilio;

import org.jspecify.annotations.NullMarked;
