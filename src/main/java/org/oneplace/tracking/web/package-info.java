@NullMarked
package org.oneplace.tracking.web;

import org.jspecify.annotations.NullMarked;
