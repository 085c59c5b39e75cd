@NullMarked
package org.oneplace.marketing.jobs;

import org.jspecify.annotations.NullMarked;
