import type { VerticalTemplate } from './types.ts';
import { weekdayHours } from './hours.ts';

export const automotive: VerticalTemplate = {
  vertical: 'automotive',
  label: 'Auto repair',
  defaults: {
    greeting: 'Thanks for calling {business}, this is the virtual receptionist. How can I help you today?',
    services: [
      { name: 'Oil Change', durationMinutes: 30, price: '$49', keywords: ['oil', 'oil change', 'lube'] },
      {
        name: 'Brake Service',
        durationMinutes: 90,
        price: 'from $149',
        keywords: ['brake', 'brakes', 'squeaking', 'squealing', 'grinding', 'pads', 'rotors'],
      },
      {
        name: 'Tire Rotation',
        durationMinutes: 45,
        price: '$29',
        keywords: ['tire', 'tires', 'rotation', 'rotate', 'flat', 'alignment'],
      },
      {
        name: 'Diagnostics',
        spoken: 'diagnostic check',
        durationMinutes: 60,
        price: '$99',
        keywords: [
          'check engine',
          'engine light',
          'diagnostic',
          'diagnostics',
          'noise',
          'making a noise',
          "won't start",
          'wont start',
          'stalling',
        ],
      },
      {
        name: 'State Inspection',
        durationMinutes: 45,
        price: '$25',
        keywords: ['inspection', 'inspected', 'sticker', 'emissions'],
      },
    ],
    businessHours: weekdayHours('07:30', '18:00', ['08:00', '14:00']),
    bufferMinutes: 0,
    bookingHorizonDays: 30,
    asrKeywords: ['oil change', 'brakes', 'inspection', 'check engine'],
    flags: {
      emergencyHandling: false,
      vehicleInfo: true,
      hipaaMode: false,
      preferredStylist: false,
      mobileService: false,
    },
    voice: 'Matthew',
    faq: [
      {
        question: 'Do you offer loaner cars?',
        answer: 'We have a free shuttle within five miles, and loaner cars for repairs over a day.',
        keywords: ['loaner', 'shuttle', 'ride', 'rental'],
      },
      {
        question: 'Can I wait while you work?',
        answer: 'Yes, our waiting room has wifi and coffee; oil changes take about thirty minutes.',
        keywords: ['wait', 'waiting', 'how long'],
      },
      {
        question: 'Do you work on all makes?',
        answer: 'We service all domestic and most foreign makes and models.',
        keywords: ['make', 'makes', 'models', 'brand'],
      },
    ],
    intake: [
      {
        id: 'address',
        ask: 'Where should the mechanic meet you? Please tell me the street address.',
        askAgain: 'Sorry, what’s the street address, with the house number?',
        kind: 'address',
        required: true,
        when: { flag: 'mobileService' },
        readBack: 'at {answer}',
        es: {
          ask: '¿Dónde le encuentra el mecánico? Dígame la dirección, por favor.',
          askAgain: 'Perdone, ¿cuál es la dirección, con el número?',
          readBack: 'en {answer}',
        },
      },
    ],
    smsConfirmation: false,
    recordingNotice: false,
    changeVerification: 'caller_id_or_digits',
    retentionDays: 90,
  },
};
