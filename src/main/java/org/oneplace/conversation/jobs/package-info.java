@NullMarked
package org.oneplace.conversation.jobs;

import org.jspecify.annotations.NullMarked;
