package org.tocsin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.annotation.security.PermitAll;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.tocsin.TocsinTest;

/**
 * Every endpoint of ours declares who may call it, on the method or its class: {@code @PreAuthorize}
 * with a rule, or {@code @PermitAll} for the few pages that must open without signing in. The
 * endpoints are read from the running application, so a new one without a rule fails here.
 */
@TocsinTest
class EndpointAccessTests {

    /** The only endpoints anybody may open: signing in, accepting an invitation, and the error page. */
    static final Set<String> PUBLIC = Set.of("/sign-in", "/invitations/{token}", "/error");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Test
    void everyEndpointDeclaresItsAccessRule() {
        var offenders = new TreeSet<String>();
        ours().forEach((info, method) -> {
            if (rule(method, PreAuthorize.class) == null && rule(method, PermitAll.class) == null) {
                offenders.add(describe(info, method));
            }
        });
        assertThat(ours()).as("endpoints found").hasSizeGreaterThan(20);
        assertThat(offenders).as("endpoints with neither @PreAuthorize nor @PermitAll").isEmpty();
    }

    @Test
    void onlySignInInvitationsAndErrorsAreOpenToEverybody() {
        var open = new TreeMap<String, String>();
        ours().forEach((info, method) -> {
            var preAuthorize = rule(method, PreAuthorize.class);
            boolean permitsAll = rule(method, PermitAll.class) != null
                    || (preAuthorize != null && preAuthorize.value().replace(" ", "").equals("permitAll()"));
            if (permitsAll) {
                info.getPatternValues().forEach(pattern -> open.put(pattern, describe(info, method)));
            }
        });
        assertThat(open.keySet()).as("open endpoints: %s", open).containsExactlyInAnyOrderElementsOf(PUBLIC);
    }

    private Map<RequestMappingInfo, HandlerMethod> ours() {
        var ours = new TreeMap<RequestMappingInfo, HandlerMethod>((a, b) -> a.toString().compareTo(b.toString()));
        handlers.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType().getPackageName().startsWith("org.tocsin")) {
                ours.put(info, method);
            }
        });
        return ours;
    }

    /** The rule on the method, or else on its class, as Spring Security itself looks for it. */
    private static <A extends java.lang.annotation.Annotation> A rule(HandlerMethod method, Class<A> type) {
        var onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), type);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), type);
    }

    private static String describe(RequestMappingInfo info, HandlerMethod method) {
        return method.getBeanType().getSimpleName() + "#" + method.getMethod().getName() + " "
                + info.getMethodsCondition().getMethods() + " " + info.getPatternValues();
    }
}
