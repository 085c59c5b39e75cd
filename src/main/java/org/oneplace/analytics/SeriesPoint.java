package org.oneplace.analytics;

import java.time.Instant;
import org.oneplace.shared.ChannelType;

/** Sessions of a channel that started in one interval (an hour or a day) beginning at {@code at}. */
public record SeriesPoint(Instant at, ChannelType channel, long sessions, long customers, long converted) {}
