package org.tocsin.web;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors raised outside controllers (unknown paths, refused requests, failures in filters): a
 * problem detail for API paths, a friendly page otherwise, never a stack trace.
 */
@Controller
class ErrorPages implements ErrorController {

    @RequestMapping("/error")
    @PermitAll
    Object error(HttpServletRequest request) {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        var path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : "";
        var resolved = HttpStatus.resolve(status);
        var title = resolved == null ? "Error" : resolved.getReasonPhrase();
        if (path.startsWith("/api/") || path.startsWith("/taxii2/")) {
            var problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), switch (status) {
                case 404 -> "There is nothing at this address";
                case 405 -> "This method is not allowed here";
                case 401 -> "Send a personal API token";
                case 403 -> "You are not allowed to do this";
                default -> status >= 500 ? "Something went wrong on our side. Try again later." : title;
            });
            problem.setTitle(title);
            problem.setInstance(URI.create(path));
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        var page = new ModelAndView("error", HttpStatusCode.valueOf(status));
        page.addObject("status", status);
        return page;
    }
}
