@NullMarked
package org.oneplace.order.web;

import org.jspecify.annotations.NullMarked;
