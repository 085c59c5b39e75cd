@NullMarked
package org.oneplace.channel.whatsapp;

import org.jspecify.annotations.NullMarked;
