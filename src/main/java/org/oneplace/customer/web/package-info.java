@NullMarked
package org.oneplace.customer.web;

import org.jspecify.annotations.NullMarked;
