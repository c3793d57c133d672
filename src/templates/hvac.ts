import type { VerticalTemplate } from './types.ts';
import { weekdayHours } from './hours.ts';

export const hvac: VerticalTemplate = {
  vertical: 'hvac',
  label: 'Heating & cooling',
  defaults: {
    greeting: 'Thanks for calling {business}, this is the virtual receptionist. How can I help you today?',
    services: [
      {
        name: 'Heating Repair',
        durationMinutes: 90,
        price: 'from $129',
        keywords: [
          'furnace',
          'heat',
          'heater',
          'heating',
          'banging',
          'no heat',
          'boiler',
          'pilot light',
          'radiator',
          'heat pump',
        ],
      },
      {
        name: 'AC Repair',
        durationMinutes: 90,
        price: 'from $129',
        keywords: [
          'ac',
          'a c',
          'air conditioning',
          'air conditioner',
          'cooling',
          'not cooling',
          'not cold',
          'compressor',
          'central air',
        ],
      },
      {
        name: 'Maintenance',
        spoken: 'maintenance visit',
        durationMinutes: 60,
        price: '$89',
        keywords: [
          'tune up',
          'tune-up',
          'tuneup',
          'maintenance',
          'checkup',
          'check up',
          'inspection',
          'service visit',
          'filter',
        ],
      },
      {
        name: 'Installation Estimate',
        durationMinutes: 60,
        price: 'free',
        keywords: ['install', 'installation', 'new system', 'replace', 'replacement', 'estimate', 'quote'],
      },
      {
        name: 'Duct Cleaning',
        durationMinutes: 120,
        price: 'from $299',
        keywords: ['duct', 'ducts', 'vents', 'air quality'],
      },
    ],
    businessHours: weekdayHours('08:00', '17:00', ['09:00', '13:00']),
    bufferMinutes: 30,
    bookingHorizonDays: 30,
    asrKeywords: ['furnace', 'HVAC', 'thermostat', 'AC', 'duct', 'heat pump'],
    flags: { emergencyHandling: true, vehicleInfo: false, hipaaMode: false, preferredStylist: false },
    voice: 'Joanna',
    faq: [
      {
        question: 'Do you offer emergency service?',
        answer:
          'Yes, we handle heating and cooling emergencies; tell me what is happening and I will get a technician to call you right away.',
        keywords: ['emergency', 'after hours', '24 hours'],
      },
      {
        question: 'Do you charge for estimates?',
        answer: 'Estimates for new installations are free.',
        keywords: ['estimate', 'quote', 'free'],
      },
      {
        question: 'What areas do you serve?',
        answer: 'We serve the whole metro area and surrounding towns.',
        keywords: ['area', 'serve', 'come out to', 'service area'],
      },
      {
        question: 'Do you offer a warranty?',
        answer: 'All repairs come with a one year parts and labor warranty.',
        keywords: ['warranty', 'guarantee'],
      },
    ],
    intake: [
      {
        id: 'address',
        ask: 'What’s the address where you’d like the technician to come?',
        askAgain: 'Sorry, what’s the street address, with the house number?',
        kind: 'address',
        required: true,
        readBack: 'at {answer}',
        es: {
          ask: '¿Cuál es la dirección donde quiere que vaya el técnico?',
          askAgain: 'Perdone, ¿cuál es la dirección, con el número de la casa?',
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
