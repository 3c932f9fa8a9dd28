// GOV.UK Frontend's "js-enabled" and "govuk-frontend-supported" body classes, set before the page
// paints (so components do not flash). It is loaded as a file at the top of <body> rather than
// written inline: the Content Security Policy allows no inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
