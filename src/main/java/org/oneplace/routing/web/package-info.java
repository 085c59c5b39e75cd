@NullMarked
package org.oneplace.routing.web;

import org.jspecify.annotations.NullMarked;
