"""Error messages in the language of the interface: Spanish first, English second.

Code raises errors with English templates and named parameters; the response renders them
in the language the client asks for (`Accept-Language`, Spanish when it names neither).
`tests/test_i18n.py` checks that every template raised in the code has a Spanish entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from interpreters.reference import languages

Language = Literal["es", "en"]
DEFAULT_LANGUAGE: Language = "es"

SPANISH: dict[str, str] = {
    # Titles
    "Invalid request": "Solicitud no válida",
    "Not signed in": "Sesión no iniciada",
    "Not allowed": "No permitido",
    "Not found": "No encontrado",
    "Conflict": "Conflicto",
    "Internal server error": "Error interno del servidor",
    "The server could not complete the request.": "El servidor no pudo completar la solicitud.",
    "This value is already used by another record.": "Otro registro ya usa este valor.",
    # Litestar's own answers
    "Not Found": "No encontrado",
    "Method Not Allowed": "Método no permitido",
    "Request Entity Too Large": "El archivo o la solicitud es demasiado grande",
    "Too Many Requests": "Demasiados intentos; espere un momento",
    "Method not allowed": "Método no permitido",
    "Request too large": "Solicitud demasiado grande",
    "Too many requests": "Demasiadas solicitudes",
    "The request body is malformed: send well-formed JSON.": "El cuerpo de la solicitud está mal formado: envíe JSON bien formado.",
    # Sign-in, accounts and guards
    "Sign in with a JSON request from this site.": "Inicie sesión con una solicitud JSON desde este sitio.",
    "Email or password is incorrect.": "El correo o la contraseña no son correctos.",
    "Too many sign-in attempts; try again in {seconds} seconds.": "Demasiados intentos de inicio de sesión; vuelva a intentarlo en {seconds} segundos.",
    "Sign in to use this resource.": "Inicie sesión para usar este recurso.",
    "The {role} role may not use this resource.": "El rol {role} no puede usar este recurso.",
    "The bearer token is invalid or has expired.": "El token no es válido o ha vencido.",
    "Missing or wrong CSRF token (send the X-CSRF-Token header).": "Falta el token CSRF o no es correcto (envíe la cabecera X-CSRF-Token).",
    "This institution's country is outside your scope.": "El país de esta institución está fuera de su ámbito.",
    "A {role} account belongs to an institution.": "Una cuenta de rol {role} pertenece a una institución.",
    "No such institution.": "No existe esa institución.",
    "A {role} account cannot belong to that institution.": "Una cuenta de rol {role} no puede pertenecer a esa institución.",
    "Exactly the interpreter accounts link to a registry record.": "Solo las cuentas de intérprete se vinculan a un registro.",
    "No such interpreter.": "No existe ese intérprete.",
    "This interpreter already has an account.": "Este intérprete ya tiene una cuenta.",
    "Only coordinators are scoped to countries.": "Solo las coordinaciones se limitan a países.",
    "An account with this email already exists.": "Ya existe una cuenta con este correo.",
    "This account is outside your scope.": "Esta cuenta está fuera de su ámbito.",
    "This account would be outside your scope.": "Esta cuenta quedaría fuera de su ámbito.",
    "No account with id {id}.": "No existe la cuenta {id}.",
    "This person has already set a password; they can reset it.": "Esta persona ya eligió su contraseña; puede restablecerla.",
    "This account is deactivated; reactivate it first.": "Esta cuenta está desactivada; reactívela primero.",
    "Another coordinator changes your own account.": "Otra persona coordinadora debe cambiar su propia cuenta.",
    "Another coordinator deactivates or reactivates your own account.": "Otra persona coordinadora debe desactivar o reactivar su propia cuenta.",
    "No session of yours with id {id}.": "No tiene ninguna sesión con el número {id}.",
    # Second factor
    "Set up your second factor before anything else.": "Configure su segundo factor antes que nada.",
    "Give the code of your second factor first.": "Escriba primero el código de su segundo factor.",
    "This account has a second factor: send its current code as code.": "Esta cuenta tiene segundo factor: envíe su código actual en code.",
    "API tokens are issued only to accounts with a second factor: set one up first.": "Los tokens de API se emiten solo a cuentas con segundo factor: configure uno primero.",
    "This session is not waiting for a second factor's code.": "Esta sesión no espera el código de un segundo factor.",
    "Start setting up the authenticator app first.": "Empiece primero a configurar la aplicación de autenticación.",
    "This code is not valid: it is wrong, used already, or too old.": "Este código no es válido: es incorrecto, ya se usó o es demasiado antiguo.",
    "This account has no second factor to check.": "Esta cuenta no tiene segundo factor que comprobar.",
    "The passkey's answer could not be verified.": "No se pudo verificar la respuesta de la llave de acceso.",
    "This passkey request has expired or was used: try again.": "Esta solicitud de llave de acceso venció o ya se usó: vuelva a intentarlo.",
    "This passkey is not one of this account's.": "Esta llave de acceso no es de esta cuenta.",
    "This passkey is registered already.": "Esta llave de acceso ya está registrada.",
    "This account has no passkey.": "Esta cuenta no tiene llaves de acceso.",
    "Passkeys need PUBLIC_URL with a host name, not an IP address.": "Las llaves de acceso necesitan que PUBLIC_URL tenga un nombre de servidor, no una dirección IP.",
    "Your role needs a second factor: set up another before removing this one.": "Su rol necesita un segundo factor: configure otro antes de quitar este.",
    "No passkey of yours with id {id}.": "No tiene ninguna llave de acceso con el número {id}.",
    "An authenticator app is already set up; if the device is lost, a coordinator resets it.": "Ya hay una aplicación de autenticación configurada; si pierde el dispositivo, una coordinación la restablece.",
    "This account cannot sign in.": "Esta cuenta no puede iniciar sesión.",
    "Confirm with your second factor: a code or a passkey.": "Confirme con su segundo factor: un código o una llave de acceso.",
    "Another coordinator resets your own second factor.": "Otra persona coordinadora debe restablecer su propio segundo factor.",
    # Passwords
    "Use at least {n} characters.": "Use al menos {n} caracteres.",
    "Use at most {n} characters.": "Use como máximo {n} caracteres.",
    "This password is among the most common ones; choose another.": "Esta contraseña es de las más usadas; elija otra.",
    "This link no longer works: it was used, it expired, or a newer one was sent. "
    "Ask for a new one.": "Este enlace ya no sirve: se usó, venció o se envió uno más reciente. "
    "Pida uno nuevo.",
    "The current password is incorrect.": "La contraseña actual no es correcta.",
    "Choose a password other than the current one.": "Elija una contraseña distinta de la actual.",
    # Audit
    "Coordinators of some countries filter the log by an interpreter of theirs "
    "(record_type=interpreter&record_id=…) or by themselves (actor_id).": "Una coordinación de países filtra la bitácora por un intérprete suyo "
    "(record_type=interpreter&record_id=…) o por sí misma (actor_id).",
    # Notifications
    "No message with id {id}.": "No existe el mensaje {id}.",
    "The email address of {name} cannot receive invitations; correct it first.": "La dirección de correo de {name} no puede recibir invitaciones; corríjala primero.",
    # Registry
    "No interpreter with id {id}.": "No existe el intérprete {id}.",
    "This interpreter is outside your countries.": "Este intérprete está fuera de sus países.",
    "Interpreters may change only their own record.": "Cada intérprete solo puede cambiar su propio registro.",
    "Interpreters see only their own record.": "Cada intérprete solo ve su propio registro.",
    "'{language}' cannot pair with itself; name another working_language.": "«{language}» no puede emparejarse consigo mismo; indique otro idioma de trabajo.",
    "The same language pair and variety is listed twice.": "El mismo par de idiomas y variante aparece dos veces.",
    "Another interpreter already uses this email.": "Otro intérprete ya usa este correo.",
    "Send at least one field to change.": "Envíe al menos un campo para cambiar.",
    "Only a coordinator changes this field.": "Solo una coordinación cambia este campo.",
    "This field cannot be emptied.": "Este campo no puede quedar vacío.",
    "At most {limit} language skills.": "Como máximo {limit} competencias lingüísticas.",
    "No credential {credential} for interpreter {id}.": "No existe la credencial {credential} del intérprete {id}.",
    "At most {limit} credentials.": "Como máximo {limit} credenciales.",
    "This date is in the future.": "Esta fecha está en el futuro.",
    "Vetting needs {name}.": "La verificación necesita {name}.",
    "The background check expires before it was done.": "La revisión de antecedentes vence antes de haberse hecho.",
    "The background check has expired.": "La revisión de antecedentes ha vencido.",
    "A {current} interpreter cannot become {status}.": "Un intérprete en estado {current} no puede pasar a {status}.",
    "The vetting status changed meanwhile; reload and retry.": "El estado de verificación cambió entretanto; recargue e intente de nuevo.",
    "Name the case reference or the community concerned.": "Indique la referencia del caso o la comunidad afectada.",
    "This interpreter is already excluded from this case.": "Esta persona intérprete ya está excluida de este caso.",
    "No case exclusion {id} for this interpreter.": "No existe la exclusión {id} de esta persona intérprete.",
    "The date is too far in the future.": "La fecha está demasiado lejos en el futuro.",
    # CSV
    "expected {width} columns": "se esperaban {width} columnas",
    "The CSV header lacks required columns.": "Faltan columnas obligatorias en el encabezado.",
    "missing column '{column}'": "falta la columna «{column}»",
    "same email as row {row}": "mismo correo que la fila {row}",
    "not readable as CSV: {problem}": "no se puede leer como CSV: {problem}",
    "{count} problem(s) in the file; nothing was imported.": "{count} problema(s) en el archivo; no se importó nada.",
    "The file has no data rows.": "El archivo no tiene filas de datos.",
    "Some emails are already registered; nothing was imported.": "Algunos correos ya están registrados; no se importó nada.",
    "already registered": "ya registrado",
    "Row {row} is outside your countries; nothing was imported.": "La fila {row} está fuera de sus países; no se importó nada.",
    "The file is not UTF-8 text.": "El archivo no es texto UTF-8.",
    "{column}: '{item}' has more than {parts} parts": "{column}: «{item}» tiene más de {parts} partes",
    # Validators (pydantic error types raised by our own validators)
    "'{code}' is not an ISO 639-3 language code": "«{code}» no es un código de idioma ISO 639-3",
    "'{code}' is not an ISO 3166-1 alpha-2 country code": "«{code}» no es un código de país ISO 3166-1 alfa-2",
    "'{name}' is not an IANA time zone": "«{name}» no es una zona horaria IANA",
    "language and working_language must differ": "el idioma y el idioma de trabajo deben ser distintos",
    "expires_on must be after issued_on": "el vencimiento debe ser posterior a la emisión",
    "contains a control character": "contiene un carácter de control",
    # Availability
    "Windows of one day add up to more than 24 hours in a row.": "Las ventanas de un día suman más de 24 horas seguidas.",
    "At most {limit} date overrides.": "Como máximo {limit} excepciones por fecha.",
    "At most {limit} periods of time off.": "Como máximo {limit} ausencias.",
    "No override on {date}.": "No hay excepción el {date}.",
    "No time off {time_off} for interpreter {id}.": "No existe la ausencia {time_off} del intérprete {id}.",
    "'{value}' is not a time of day HH:MM": "'{value}' no es una hora del día HH:MM",
    "Give first_day and last_day, or starts_at and ends_at": "Indique first_day y last_day, o starts_at y ends_at",
    "A window cannot start at 24:00; use 00:00": "Una ventana no puede empezar a las 24:00; use 00:00",
    "A window ends when it starts; for a whole day use 00:00–24:00": "La ventana termina cuando empieza; para un día entero use 00:00–24:00",
    "An unavailable date has no windows": "Una fecha no disponible no tiene ventanas",
    "Give the date's extra windows, or mark it unavailable": "Indique las ventanas adicionales de la fecha o márquela como no disponible",
    "The weekly limit is below the daily limit": "El límite semanal es menor que el diario",
    "The last day is before the first day": "El último día es anterior al primero",
    "Covers at most {days} days": "Abarca como máximo {days} días",
    # Requests
    "This looks like contact data (an email or a phone number); use a pseudonym": "Parece un dato de contacto (un correo o un teléfono); use un seudónimo",
    "The latest start is before the start": "El inicio más tardío es anterior al inicio",
    "An on-site session needs its place": "Una sesión presencial necesita su lugar",
    "Only a prosecutors' office or a court asks for interpreters.": "Solo una fiscalía o un tribunal solicita intérpretes.",
    "No institution with id {id}.": "No existe la institución {id}.",
    "The session starts in the past.": "La sesión empieza en el pasado.",
    "No request with id {id}.": "No existe la solicitud {id}.",
    "This country is outside your scope.": "Este país está fuera de su ámbito.",
    "Choose at least one credential": "Elija al menos una credencial",
    "Nobody else is free for this session between {language} and {working}: choose another time or cancel it.": "No hay otra persona libre para esta sesión entre {language} y {working}: elija otra hora o cancélela.",
    "Every interpreter of this session may still interpret it.": "Todas las personas intérpretes de esta sesión pueden seguir interpretándola.",
    # msgspec's words for a bad query or path parameter.
    "Expected `int` >= {n}": "Debe ser mayor o igual que {n}",
    "Expected `int` <= {n}": "Debe ser menor o igual que {n}",
    "Expected `int`, got `str`": "Debe ser un número entero",
    "Expected `int | null`, got `str`": "Debe ser un número entero",
    "Expected `str` of length <= {n}": "Debe tener como máximo {n} caracteres",
    "The interpreter was booked for that time meanwhile.": "Mientras tanto, la persona intérprete fue reservada para ese horario.",
    "This interpreter does not work between {language} and {working} at level {level}.": "Esta persona intérprete no trabaja entre {language} y {working} con nivel {level}.",
    "This interpreter does not work by {modality}.": "Esta persona intérprete no trabaja por {modality}.",
    "This interpreter holds no valid {kinds} credential on the session date.": "Esta persona intérprete no tiene una acreditación {kinds} válida en la fecha de la sesión.",
    "This interpreter declared a conflict of interest in this case.": "Esta persona intérprete declaró un conflicto de interés en este caso.",
    "The start lies outside the request's window of starts.": "El inicio está fuera del margen de inicios de la solicitud.",
    "This request is already {status}.": "Esta solicitud ya está en estado {status}.",
    "{name} is not free for the whole session.": "{name} no está libre durante toda la sesión.",
    # Matching: the reasons for each candidate's rank
    "Proficiency {level} of 5": "Competencia {level} de 5",
    "Sworn or court-certified": "Perito juramentado o certificado judicialmente",
    "On an official register for this language": "Inscrito en un registro oficial de este idioma",
    "Interpreted {count} earlier session(s) with this victim": "Interpretó {count} sesión(es) anterior(es) con esta víctima",
    "Matches the preferred gender": "Coincide con el género preferido",
    "Does not match the preferred gender": "No coincide con el género preferido",
    "{count} completed session(s) of this kind": "{count} sesión(es) completada(s) de este tipo",
    "{hours} hour(s) already booked that month": "{hours} hora(s) ya reservada(s) ese mes",
    "No booking in the last {days} days": "Sin reservas en los últimos {days} días",
    "Starts at {time}, daytime for the interpreter": "Empieza a las {time}, de día para la persona intérprete",
    "Starts at {time}, early or late for the interpreter": "Empieza a las {time}, temprano o tarde para la persona intérprete",
    "Starts at {time}, night-time for the interpreter": "Empieza a las {time}, de noche para la persona intérprete",
    "Lives in the requester's country": "Vive en el país de quien solicita",
    "The room was booked for that time meanwhile.": "Mientras tanto, la sala fue reservada para ese horario.",
    "A seat of this request is already taken; reschedule it once it is confirmed.": "Ya se ocupó un puesto de esta solicitud; reprográmela cuando esté confirmada.",
    "No room {id} in your country.": "No existe la sala {id} en su país.",
    "The pivot language must differ from both languages of the request.": "El idioma pivote debe ser distinto de los dos idiomas de la solicitud.",
    "This session needs a team of two interpreters; name a partner.": "Esta sesión necesita un equipo de dos intérpretes; indique a la segunda persona.",
    "A coordinator has excluded this interpreter from this case.": "Una coordinación excluyó a esta persona intérprete de este caso.",
    "The partner must be another interpreter": "La segunda persona debe ser otra intérprete",
    "A relay through a pivot language needs a partner": "Un relevo a través de un idioma pivote necesita una segunda persona intérprete",
    "This request was booked meanwhile.": "Mientras tanto, esta solicitud fue reservada.",
    "This request can no longer become {status}.": "Esta solicitud ya no puede pasar a {status}.",
    "Only a booked session that has ended can be completed.": "Solo una sesión reservada que ya terminó puede completarse.",
    "Only a booked session that has started can be a no-show.": "Solo una sesión reservada que ya empezó puede registrarse como inasistencia.",
    "A {status} request can no longer be rescheduled.": "Una solicitud en estado {status} ya no puede reprogramarse.",
    "A session of {minutes} minutes needs a team of two interpreters; assign a partner first.": "Una sesión de {minutes} minutos necesita un equipo de dos intérpretes; asigne primero a la segunda persona.",
    # Rooms
    "'{name}' is not a time zone of {country}.": "«{name}» no es una zona horaria de {country}.",
    "The property {name} appears more than once.": "La propiedad {name} aparece más de una vez.",
    "A 24-hour window must start at 00:00.": "Una ventana de 24 horas debe empezar a las 00:00.",
    "A component of the file is not valid: {error}": "Un componente del archivo no es válido: {error}",
    "At most {limit} weekly windows.": "Como máximo {limit} ventanas semanales.",
    "At most {limit} windows on one date.": "Como máximo {limit} ventanas en una fecha.",
    "Give a date between {earliest} and {latest}": "Indique una fecha entre {earliest} y {latest}",
    "Give both times with an offset, or both without": "Indique las dos horas con desfase horario, o las dos sin él",
    "The end is not after the start": "El final no es posterior al inicio",
    "A {what} component has no DTSTART.": "Un componente {what} no tiene DTSTART.",
    "A {what} component has neither DTEND nor DURATION.": "Un componente {what} no tiene ni DTEND ni DURATION.",
    "A {what} component ends before it starts.": "Un componente {what} termina antes de empezar.",
    "An AVAILABLE has more than one RRULE.": "Un AVAILABLE tiene más de una RRULE.",
    "Only weekly or daily repetition without an end is supported, not {rule}.": "Solo se admite la repetición semanal o diaria sin final, no {rule}.",
    "Unsupported BYDAY in {rule}.": "BYDAY no admitido en {rule}.",
    "An AVAILABLE is longer than 24 hours.": "Un AVAILABLE dura más de 24 horas.",
    "This file is not iCalendar: {error}": "Este archivo no es iCalendar: {error}",
    "The file holds no VAVAILABILITY.": "El archivo no contiene ningún VAVAILABILITY.",
    "Exceptions to a recurrence ({name}) are not supported.": "No se admiten excepciones a una repetición ({name}).",
    "A time off in the file is not valid.": "Una ausencia del archivo no es válida.",
    "Availability limited in time (DTEND on a VAVAILABILITY) is not supported.": "No se admite una disponibilidad limitada en el tiempo (DTEND en un VAVAILABILITY).",
    # Offers and notices
    "Nobody is free for this session; no offers were sent.": "Nadie está libre para esta sesión; no se envió ninguna oferta.",
    "This request changed meanwhile; reload it.": "Mientras tanto, esta solicitud cambió; vuelva a cargarla.",
    "No offer with id {id}.": "No existe la oferta {id}.",
    "This offer is {status} and can no longer be answered.": "Esta oferta está en estado {status} y ya no puede responderse.",
    "This offer was withdrawn or answered meanwhile.": "Mientras tanto, esta oferta fue retirada o respondida.",
    "This request was filled or closed meanwhile.": "Mientras tanto, esta solicitud se cubrió o se cerró.",
    "No notice with id {id}.": "No existe el aviso {id}.",
    # Webhooks
    "Give an http:// or https:// address": "Indique una dirección http:// o https://",
    "The address must not hold a user name or password": "La dirección no debe contener un usuario ni una contraseña",
    "This institution already has an active webhook at this address.": "Esta institución ya tiene un webhook activo en esta dirección.",
    "No webhook {id} for this institution.": "No existe el webhook {id} de esta institución.",
    "{name} is no longer vetted and may not interpret session {request} (case {case_reference}, {session_kind}, {start}): their open offers were withdrawn and their join link stopped. Replace them on the request's page, or cancel the session.": "{name} ya no está habilitada por la verificación y no puede interpretar en la sesión {request} (caso {case_reference}, {session_kind}, {start}): se retiraron sus ofertas abiertas y su enlace a la sala dejó de servir. Reemplácela en la página de la solicitud o cancele la sesión.",
    "The background check of {name}, booked for session {request} (case {case_reference}, {session_kind}, {start}), expires on {expires_on}, before the session: from that day they are no longer vetted. Have the check renewed in time, or replace them on the request's page.": "La verificación de antecedentes de {name}, reservada para la sesión {request} (caso {case_reference}, {session_kind}, {start}), vence el {expires_on}, antes de la sesión: desde ese día deja de estar habilitada. Haga renovar la verificación a tiempo o reemplácela en la página de la solicitud.",
    "Nobody accepted the offers for request {request} (case {case_reference}, {session_kind}, {language}–{working_language}, {start}); nobody is left to offer it to. Book an interpreter directly or cancel the request.": "Nadie aceptó las ofertas de la solicitud {request} (caso {case_reference}, {session_kind}, {language}–{working_language}, {start}); no queda nadie a quien ofrecerla. Reserve directamente a una persona intérprete o cancele la solicitud.",
    "The {credential_kind} credential of {name} (interpreter {interpreter}) expires on {expires_on}, in {days} days; from that day it no longer counts.": "La credencial {credential_kind} de {name} (intérprete {interpreter}) vence el {expires_on}, dentro de {days} días; desde ese día deja de contar.",
    "{participant} declined session {request} (case {case_reference}, {session_kind}, {language}–{working_language}, {start}). Assign someone else, move the session or cancel it.": "{participant} rechazó la sesión {request} (caso {case_reference}, {session_kind}, {language}–{working_language}, {start}). Asigne a otra persona, cambie la hora de la sesión o cancélela.",
    "This link is not valid.": "Este enlace no es válido.",
    "No calendar feed at this address.": "No hay ningún calendario en esta dirección.",
    "You have no active calendar feed.": "No tiene ningún calendario activo.",
    "This join link is not valid.": "Este enlace para entrar no es válido.",
    "This join link was withdrawn.": "Este enlace para entrar fue retirado.",
    "This session is no longer scheduled.": "Esta sesión ya no está programada.",
    "This session has ended.": "Esta sesión ha terminado.",
    "The room opens at {opens_at}.": "La sala se abre a las {opens_at}.",
    "This join link has expired.": "Este enlace para entrar ha vencido.",
    "The room cannot be entered": "No se puede entrar en la sala",
    "This link is already in use on another device.": "Este enlace ya se está usando en otro dispositivo.",
    "The room is full.": "La sala está llena.",
    "Only the host, or the court while no host is present, may do this.": "Solo quien preside la sesión, o el tribunal mientras no esté presente, puede hacerlo.",
    "Only the host may do this.": "Solo quien preside la sesión puede hacerlo.",
    "Nobody with that id is waiting in the lobby.": "Nadie con ese id espera en la sala de espera.",
    "Nobody with that id is in the room.": "Nadie con ese id está en la sala.",
    "There is no offer to answer yet.": "Todavía no hay ninguna oferta que responder.",
    "The answer is not a usable SDP: {error}": "La respuesta no es un SDP utilizable: {error}",
    "The offer is not a usable SDP: {error}": "La oferta no es un SDP utilizable: {error}",
    "A recording is already running or being agreed.": "Ya hay una grabación en curso o en espera de consentimiento.",
    "Nothing is being recorded.": "No se está grabando nada.",
    "Nothing asks for your consent now.": "Ahora no se le pide ningún consentimiento.",
    "No media reaches the server yet: nothing can be recorded.": "Todavía no llega audio ni video al servidor: no hay nada que grabar.",
    "The message is not JSON.": "El mensaje no es JSON.",
    "The message is malformed: {problems}": "El mensaje está mal formado: {problems}",
    "Send join with your link's token first.": "Envíe primero join con el token de su enlace.",
    "You have already joined.": "Ya ha entrado.",
    "Only a confirmed video session has a room.": "Solo una sesión por video confirmada tiene sala.",
    "Only a court's user account can be linked.": "Solo se puede vincular la cuenta de un usuario de un tribunal.",
    "No participant with id {id}.": "No hay ningún participante con id {id}.",
    "No recording with id {id}.": "No hay ninguna grabación con id {id}.",
    "The recording is not complete.": "La grabación no está completa.",
    "The server could not handle the message; try again.": "El servidor no pudo atender el mensaje; inténtelo de nuevo.",
}

# Pydantic's own messages, by error type, with its context values as parameters.
SPANISH_BY_TYPE: dict[str, str] = {
    "missing": "Campo obligatorio",
    "extra_forbidden": "Campo no permitido",
    "string_too_short": "Debe tener al menos {min_length} caracteres",
    "string_too_long": "Debe tener como máximo {max_length} caracteres",
    "too_short": "Debe tener al menos {min_length} elementos",
    "too_long": "Debe tener como máximo {max_length} elementos",
    "greater_than_equal": "Debe ser mayor o igual que {ge}",
    "less_than_equal": "Debe ser menor o igual que {le}",
    "int_parsing": "Debe ser un número entero",
    "int_type": "Debe ser un número entero",
    "bool_parsing": "Debe ser verdadero o falso",
    "date_from_datetime_parsing": "Debe ser una fecha AAAA-MM-DD",
    "date_parsing": "Debe ser una fecha AAAA-MM-DD",
    "date_type": "Debe ser una fecha AAAA-MM-DD",
    "datetime_parsing": "Debe ser una fecha y hora ISO 8601",
    "datetime_from_date_parsing": "Debe ser una fecha y hora ISO 8601",
    "timezone_aware": "Debe indicar el desfase horario",
    "enum": "Debe ser uno de: {expected}",
    "string_pattern_mismatch": "Contiene caracteres no permitidos",
    "string_type": "Debe ser un texto",
    "list_type": "Debe ser una lista",
    "model_type": "Debe ser un objeto",
    "value_error": "Valor no válido: {error}",
    "json_invalid": "JSON no válido",
}


# Parameters whose values are codes of the domain, shown to people as words: statuses of
# requests, offers and vetting, kinds of session (Spanish, English). Other values as given.
VALUE_WORDS: dict[str, tuple[str, str]] = {
    "requested": ("solicitada", "requested"),
    "offered": ("con ofertas enviadas", "offered"),
    "confirmed": ("confirmada", "confirmed"),
    "completed": ("realizada", "completed"),
    "cancelled": ("cancelada", "cancelled"),
    "no_show": ("no realizada", "a no-show"),
    "open": ("abierta", "open"),
    "accepted": ("aceptada", "accepted"),
    "declined": ("rechazada", "declined"),
    "withdrawn": ("retirada", "withdrawn"),
    "expired": ("vencida", "expired"),
    "applicant": ("solicitante", "applicant"),
    "vetted": ("verificado", "vetted"),
    "suspended": ("suspendido", "suspended"),
    "revoked": ("revocado", "revoked"),
    "victim_interview": ("entrevista a la víctima", "victim interview"),
    "minor_forensic_interview": ("entrevista forense a menor", "forensic interview of a minor"),
    "deposition": ("anticipo de prueba", "deposition"),
    "court_hearing": ("audiencia judicial", "court hearing"),
    "psychological_assessment": ("evaluación psicológica", "psychological assessment"),
    "consular_interview": ("entrevista consular", "consular interview"),
    "court_certified": ("certificación judicial", "court certification"),
    "sworn_expert": ("perito traductor jurado", "sworn expert"),
    "indigenous_register": (
        "registro de intérpretes indígenas",
        "indigenous interpreters' register",
    ),
    "sign_language_certification": (
        "certificación en lengua de señas",
        "sign language certification",
    ),
    "trauma_informed_training": (
        "formación en atención informada en trauma",
        "trauma-informed training",
    ),
    "child_forensic_training": (
        "formación en entrevista forense infantil",
        "child forensic interview training",
    ),
}
WORD_PARAMS = frozenset({"status", "current", "session_kind", "credential_kind"})
# Parameters holding an ISO 639-3 code, shown as the language's name with its code.
LANGUAGE_PARAMS = frozenset({"language", "working", "working_language"})


def in_language(words: tuple[str, str], language: Language) -> str:
    """The Spanish or the English of a (Spanish, English) pair."""
    return words[0] if language == "es" else words[1]


def language_name(code: str, language: Language) -> str | None:
    """The name of an ISO 639-3 language in the reader's language; None if unknown."""
    found = languages().get(code)
    if found is None:
        return None
    return found.name_es if language == "es" else found.name_en


def _shown(key: str, value: object, language: Language) -> object:
    if not isinstance(value, str):
        return value
    if key in WORD_PARAMS and value in VALUE_WORDS:
        return in_language(VALUE_WORDS[value], language)
    if key in LANGUAGE_PARAMS:
        name = language_name(value, language)
        if name is not None:
            return f"{name} ({value})"
    return value


def render(template: str, params: Mapping[str, object], language: Language) -> str:
    if language == "es":
        template = SPANISH.get(template, template)
    return template.format(**{k: _shown(k, v, language) for k, v in params.items()})


def render_pydantic(
    error_type: str, english: str, ctx: Mapping[str, object], language: Language
) -> str:
    if language == "es" and error_type in SPANISH_BY_TYPE:
        try:
            return SPANISH_BY_TYPE[error_type].format(**ctx)
        except (KeyError, IndexError):
            return english
    return english


def choose_language(accept_language: str) -> Language:
    """The first of Spanish or English the client accepts, by weight; Spanish otherwise."""
    ranked = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, options = part.strip().partition(";")
        weight = 1.0
        if options.strip().startswith("q="):
            try:
                weight = float(options.strip()[2:])
            except ValueError:
                weight = 0.0
        ranked.append((-weight, position, tag.strip().lower().split("-")[0]))
    for _, _, primary in sorted(ranked):
        if primary == "es":
            return "es"
        if primary == "en":
            return "en"
    return DEFAULT_LANGUAGE
