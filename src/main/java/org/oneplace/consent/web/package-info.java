@NullMarked
package org.oneplace.consent.web;

import org.jspecify.annotations.NullMarked;
