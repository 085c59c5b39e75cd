@NullMarked
package org.oneplace.inventory.jobs;

import org.jspecify.annotations.NullMarked;
