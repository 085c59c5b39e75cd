@NullMarked
package org.oneplace.inventory.web;

import org.jspecify.annotations.NullMarked;
