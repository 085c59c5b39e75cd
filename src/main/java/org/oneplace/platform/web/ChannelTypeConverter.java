package org.oneplace.platform.web;

import org.oneplace.shared.ChannelType;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads a channel in a query or path parameter by its code ({@code whatsapp}), as JSON and every URL of the API
 * write it; Spring's own enum conversion would take only the constant's name ({@code WHATSAPP}).
 */
@Component
class ChannelTypeConverter implements Converter<String, ChannelType> {

    @Override
    public ChannelType convert(String source) {
        return ChannelType.parse(source);
    }
}
