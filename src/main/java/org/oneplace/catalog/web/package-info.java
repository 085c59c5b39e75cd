@NullMarked
package org.oneplace.catalog.web;

import org.jspecify.annotations.NullMarked;
