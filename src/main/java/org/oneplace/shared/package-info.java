/**
 * Value types used by three or more modules. No beans, no tables, no behaviour beyond validating and normalising
 * a value on construction.
 */
@NullMarked
@ApplicationModule(
        displayName = "Shared kernel",
        type = ApplicationModule.Type.OPEN,
        allowedDependencies = {})
package org.oneplace.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
