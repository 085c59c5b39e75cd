@NullMarked
package org.oneplace.conversation.internal;

import org.jspecify.annotations.NullMarked;
