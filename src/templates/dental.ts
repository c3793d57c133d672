import type { VerticalTemplate } from './types.ts';
import { weekdayHours } from './hours.ts';

export const dental: VerticalTemplate = {
  vertical: 'dental',
  label: 'Dental practice',
  defaults: {
    greeting: 'Thanks for calling {business}, this is the virtual receptionist. How can I help you today?',
    services: [
      {
        name: 'Cleaning',
        durationMinutes: 60,
        price: '$120',
        keywords: ['cleaning', 'clean', 'cleaned', 'hygiene', 'hygienist', 'checkup', 'check up', 'check-up'],
      },
      {
        name: 'Exam',
        durationMinutes: 30,
        price: '$85',
        keywords: ['exam', 'examination', 'x-ray', 'x ray', 'xray', 'look at'],
      },
      { name: 'Filling', durationMinutes: 60, price: 'from $150', keywords: ['filling', 'cavity', 'cavities'] },
      {
        name: 'Whitening',
        spoken: 'teeth whitening',
        durationMinutes: 90,
        price: '$350',
        keywords: ['whitening', 'whiten', 'white', 'bleaching'],
      },
      {
        name: 'Emergency Visit',
        durationMinutes: 45,
        price: '$150',
        keywords: [
          'toothache',
          'tooth ache',
          'pain',
          'hurts',
          'broken tooth',
          'chipped',
          'cracked',
          'swollen',
          'swelling',
        ],
      },
    ],
    businessHours: weekdayHours('08:00', '17:00'),
    bufferMinutes: 0,
    bookingHorizonDays: 60,
    asrKeywords: ['cleaning', 'filling', 'whitening', 'hygienist'],
    flags: { emergencyHandling: false, vehicleInfo: false, hipaaMode: true, preferredStylist: false },
    voice: 'Joanna',
    faq: [
      {
        question: 'Do you take my insurance?',
        answer: 'We accept most major dental insurance plans, including Delta Dental, Cigna, Aetna and MetLife.',
        keywords: ['insurance', 'delta', 'cigna', 'aetna', 'metlife', 'coverage', 'covered'],
      },
      {
        question: 'Are you taking new patients?',
        answer: 'Yes, we are happy to welcome new patients.',
        keywords: ['new patient', 'new patients', 'accepting'],
      },
      {
        question: 'Is there parking?',
        answer: 'Yes, there is free parking right behind the building.',
        keywords: ['parking', 'park'],
      },
    ],
    intake: [
      {
        id: 'patientStatus',
        ask: 'Will this be your first visit with us, or are you a returning patient?',
        askAgain: 'Sorry, are you a new patient, or have you been to us before?',
        kind: 'choice',
        options: [
          {
            value: 'new',
            keywords: ['new', 'first', 'never been', 'haven’t been', "haven't been", 'not been'],
            es: {
              label: 'nuevo',
              keywords: ['nuevo', 'nueva', 'paciente nuevo', 'paciente nueva', 'primera vez', 'primera visita',
                'nunca he ido', 'nunca he venido', 'no he ido', 'no he venido', 'nunca'],
            },
          },
          {
            value: 'returning',
            keywords: [
              'returning',
              'existing',
              'current patient',
              'regular',
              'been before',
              'been there',
              'been here',
              'been to you',
              'been in',
              'not my first',
              'not new',
              'seen me',
            ],
            es: {
              label: 'habitual',
              keywords: ['habitual', 'regular', 'ya soy paciente', 'soy su paciente', 'ya he ido', 'ya he venido',
                'ya fui', 'ya vine', 'ya estuve', 'he ido antes', 'he venido antes', 'ya me conocen',
                'no es la primera', 'no es mi primera', 'de regreso', 'ya me atendieron', 'ya me han atendido'],
            },
          },
        ],
        required: true,
        readBack: 'as a {answer} patient',
        es: {
          ask: '¿Es su primera visita con nosotros, o ya es paciente?',
          askAgain: 'Perdone, ¿es paciente nuevo, o ya ha venido antes?',
          readBack: 'como paciente {answer}',
        },
      },
      {
        id: 'dateOfBirth',
        ask: 'To find your records, what’s your date of birth? You can also say skip.',
        askAgain: 'Sorry, what’s your date of birth? For example, March 4th, 1985.',
        kind: 'date',
        required: false,
        when: { answer: { id: 'patientStatus', equals: 'returning' } },
        es: {
          ask:
            'Para encontrar su expediente, ¿cuál es su fecha de nacimiento? ' +
            'También puede decir que prefiere no decirlo.',
          askAgain: 'Perdone, ¿cuál es su fecha de nacimiento? Por ejemplo, el 4 de marzo de 1985.',
        },
      },
    ],
    smsConfirmation: false,
    recordingNotice: false,
    changeVerification: 'caller_id_or_digits',
    retentionDays: 30,
  },
};
