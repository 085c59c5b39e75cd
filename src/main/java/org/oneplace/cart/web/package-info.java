@NullMarked
package org.oneplace.cart.web;

import org.jspecify.annotations.NullMarked;
