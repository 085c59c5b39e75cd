@NullMarked
package org.oneplace.platform.web;

import org.jspecify.annotations.NullMarked;
