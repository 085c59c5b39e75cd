@NullMarked
package org.oneplace.channel.jobs;

import org.jspecify.annotations.NullMarked;
