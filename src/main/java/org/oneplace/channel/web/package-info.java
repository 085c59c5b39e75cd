@NullMarked
package org.oneplace.channel.web;

import org.jspecify.annotations.NullMarked;
