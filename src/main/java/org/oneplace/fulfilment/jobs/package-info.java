@NullMarked
package org.oneplace.fulfilment.jobs;

import org.jspecify.annotations.NullMarked;
