package org.tocsin.advisory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies for the advisory API, and reading its answers, for the tests. */
final class AdvisoryJson {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TITLE = "Espionage against professional services";
    static final String SUMMARY = "Attackers paid by a foreign state are reading the mail of firms like yours to learn "
            + "their negotiating positions. Check with your security lead that the steps below are in hand.";
    static final String BODY = "## What is happening\n\nA **careful** campaign of lure e-mails carrying hidden software.";
    static final String ACTION = "Brief the board on the campaign";

    private AdvisoryJson() {}

    static Map<String, Object> draft(String tlp, Map<String, Object> audience) {
        var draft = new LinkedHashMap<String, Object>();
        draft.put("title", TITLE);
        draft.put("tlp", tlp);
        draft.put("severity", "HIGH");
        draft.put("confidence", 70);
        draft.put("summary", SUMMARY);
        draft.put("body", BODY);
        draft.put("annex", "Indicators: `update-check.example`");
        draft.put("actions", List.of(
                Map.of("text", ACTION, "ownerRole", "EXECUTIVE", "dueDays", 7),
                Map.of("text", "Search the proxy logs", "ownerRole", "SECURITY_LEAD", "dueDays", 3)));
        draft.put("audience", audience);
        return draft;
    }

    static Map<String, Object> audience(List<?> sectors, List<?> organisations, List<?> users, List<?> roles) {
        var audience = new LinkedHashMap<String, Object>();
        audience.put("sectors", sectors);
        audience.put("organisations", organisations.stream().map(String::valueOf).toList());
        audience.put("users", users);
        audience.put("roles", roles);
        return audience;
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    static JsonNode read(String body) {
        return JSON.readTree(body);
    }
}
