@NullMarked
package org.oneplace.routing.jobs;

import org.jspecify.annotations.NullMarked;
