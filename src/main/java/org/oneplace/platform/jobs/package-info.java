@NullMarked
package org.oneplace.platform.jobs;

import org.jspecify.annotations.NullMarked;
