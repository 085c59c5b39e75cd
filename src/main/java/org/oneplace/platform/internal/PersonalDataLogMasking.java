package org.oneplace.platform.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Masks email addresses and phone numbers in every value of the structured (JSON) log lines, message and stack
 * trace alike, so the log file — kept, shipped and read by operators — holds no contact data of customers or staff
 * ({@code jane@example.com} becomes {@code j***@example.com}, {@code +14155550123} becomes {@code +***23}).
 * Configured as {@code logging.structured.json.customizer}.
 */
public class PersonalDataLogMasking implements StructuredLoggingJsonMembersCustomizer<Object> {

    private static final Pattern EMAIL =
            Pattern.compile("([\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]*@([\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+)");
    private static final Pattern PHONE = Pattern.compile("\\+\\d[\\d ().-]{5,}\\d");

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, PersonalDataLogMasking::mask));
    }

    /** The text with emails and phone numbers masked. */
    public static String mask(String text) {
        if (text.indexOf('@') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher phone = PHONE.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (phone.find()) {
            String digits = phone.group().replaceAll("\\D", "");
            phone.appendReplacement(out, Matcher.quoteReplacement("+***" + digits.substring(digits.length() - 2)));
        }
        phone.appendTail(out);
        return out.toString();
    }
}
