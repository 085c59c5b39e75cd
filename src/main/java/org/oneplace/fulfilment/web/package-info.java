@NullMarked
package org.oneplace.fulfilment.web;

import org.jspecify.annotations.NullMarked;
