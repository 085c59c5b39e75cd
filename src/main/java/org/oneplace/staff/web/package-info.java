@NullMarked
package org.oneplace.staff.web;

import org.jspecify.annotations.NullMarked;
