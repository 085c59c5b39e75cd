package org.oneplace.marketing;

import java.util.Map;

/**
 * What happened at one step of a journey, across all its versions; counts outlive the customers' erasure.
 *
 * @param entered customers who reached the step
 * @param skipped sends not made, by reason ({@code no_consent}, {@code frequency_cap}, {@code nothing_to_offer} …)
 * @param converted orders attributed to a message of this step; {@code revenue} their totals in minor units
 */
public record StepReport(
        String stepId,
        long entered,
        long sent,
        Map<String, Long> skipped,
        long deferred,
        long failed,
        long delivered,
        long opened,
        long clicked,
        long converted,
        long revenue) {}
