@NullMarked
package org.oneplace.console.web;

import org.jspecify.annotations.NullMarked;
