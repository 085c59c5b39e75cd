@NullMarked
package org.oneplace.conversation.web;

import org.jspecify.annotations.NullMarked;
