@NullMarked
package org.oneplace.marketing.web;

import org.jspecify.annotations.NullMarked;
