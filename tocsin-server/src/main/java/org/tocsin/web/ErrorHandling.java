package org.tocsin.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.tocsin.membership.Refusal;

/**
 * Turns every failure into an answer a person or a program can act on: an RFC 9457 problem detail
 * under {@code /api/}, a friendly page elsewhere. Neither ever shows a stack trace; unexpected
 * failures go on to {@link ErrorPages}, which answers with a generic message.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Boot's own problem-details handler, which names no field, line or column
class ErrorHandling {

    @ExceptionHandler(Refusal.class)
    Object refusal(Refusal refusal, HttpServletRequest request) {
        var status = switch (refusal.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        var problem = ProblemDetail.forStatusAndDetail(status, refusal.getMessage());
        if (refusal.field() != null) {
            problem.setProperty("errors", List.of(Map.of("field", refusal.field(), "message", refusal.getMessage())));
        }
        return answer(request, problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    Object unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return answer(request, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(e)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    Object mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        var expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "'" + e.getName() + "' is not valid: expected " + ("UUID".equals(expected) ? "an id (a UUID)" : expected));
        problem.setProperty("errors", List.of(Map.of("field", e.getName(), "message", "expected " + expected)));
        return answer(request, problem);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    Object missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return answer(request, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The parameter '" + e.getParameterName() + "' is missing"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Void> notAcceptable() {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).build();
    }

    /** Spring's own refusals (unknown path, wrong method or media type, ...) carry their status and detail. */
    @ExceptionHandler(Exception.class)
    Object framework(Exception e, HttpServletRequest request) throws Exception {
        if (e instanceof ErrorResponse response) {
            return answer(request, response.getBody());
        }
        throw e;
    }

    private static Object answer(HttpServletRequest request, ProblemDetail problem) {
        if (request.getRequestURI().startsWith("/api/") || request.getRequestURI().startsWith("/taxii2/")) {
            problem.setInstance(URI.create(request.getRequestURI()));
            return ResponseEntity.status(HttpStatusCode.valueOf(problem.getStatus()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        var page = new ModelAndView("error", HttpStatusCode.valueOf(problem.getStatus()));
        page.addObject("status", problem.getStatus());
        page.addObject("detail", problem.getStatus() >= 500 ? null : problem.getDetail());
        return page;
    }

    /** Names where the body went wrong (line, column, property) without echoing internals. */
    private static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof tools.jackson.core.JacksonException json) {
            var location = json.getLocation();
            var where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            String path = json instanceof tools.jackson.databind.DatabindException db && !db.getPath().isEmpty()
                    ? " (property '" + db.getPath().stream().map(r -> r.getPropertyName() == null ? "[" + r.getIndex() + "]" : r.getPropertyName())
                            .reduce((a, b) -> a + "." + b).orElse("") + "')"
                    : "";
            var what = json instanceof tools.jackson.databind.exc.UnrecognizedPropertyException u
                    ? "unknown property '" + u.getPropertyName() + "'"
                    : json instanceof tools.jackson.databind.exc.MismatchedInputException
                            ? "a value of the wrong type" : "malformed JSON";
            return "The request body is not valid: " + what + where + path;
        }
        return "The request body is missing or is not valid JSON";
    }
}
